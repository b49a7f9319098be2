using System.Text;

namespace Finance.AppHost.Tests;

/// <summary>Reads /proc: which processes are alive, and which carry a given environment variable.</summary>
internal static class ProcessTable
{
    /// <summary>Alive means present and not a zombie (a zombie has already exited, it only awaits its parent).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() != 'Z';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Every process the AppHost started, and every process those started, inherits its environment: one still
    /// carrying <paramref name="variable"/> after the AppHost has gone is an orphan.
    /// </summary>
    public static IReadOnlyList<string> WithEnvironment(string variable)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || !IsAlive(pid))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllBytes(Path.Combine(dir, "environ"));
                if (Encoding.UTF8.GetString(environment).Split('\0').Contains(variable))
                {
                    found.Add($"{pid}: {File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ')}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return found;
    }

    /// <summary>Every live process whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> WithCommandLine(string text)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId || !IsAlive(pid))
            {
                continue;
            }
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add($"{pid}: {commandLine}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
        return found;
    }
}
