using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Finance.Core.Reading.Tools;

/// <summary>What a finished tool left: its exit code, its whole standard output and the end of its standard error.</summary>
public sealed record ToolResult(int ExitCode, byte[] StandardOutput, string StandardError, TimeSpan Elapsed);

/// <summary>A tool that failed, ran out of time or of memory; the reading cannot go on with it.</summary>
public class ToolFailedException(string message) : Exception(message);

/// <summary>The tool outlived its time limit and was killed with its whole process tree.</summary>
public sealed class ToolTimeoutException(string message) : ToolFailedException(message);

/// <summary>
/// Runs command-line tools (pdftoppm, tesseract) on untrusted documents with a time limit, a memory limit and captured
/// output. The memory limit is the shell's <c>ulimit -v</c> (setrlimit RLIMIT_AS, POSIX), set in a <c>/bin/sh</c> that
/// then <c>exec</c>s the tool, so the limit holds for the tool and everything it starts; a CPU-time limit backs the
/// wall-clock one. On timeout or cancellation the process tree is killed before the call returns.
/// </summary>
public sealed class ToolRunner(IOptions<ReadingOptions> options)
{
    private const int MaxErrorChars = 8192;

    public async Task<ToolResult> RunAsync(string file, IReadOnlyList<string> arguments, ToolRun? run = null, CancellationToken cancellationToken = default)
    {
        run ??= new ToolRun();
        var timeout = run.Timeout ?? options.Value.ToolTimeout;
        var memoryKb = (run.MemoryBytes ?? options.Value.ToolMemoryBytes) / 1024;
        var cpuSeconds = (long)Math.Ceiling(timeout.TotalSeconds) + 1;
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = run.WorkingDirectory ?? Path.GetTempPath(),
        };
        // The tool and its arguments travel as positional parameters, never through the shell's parser.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"ulimit -v {memoryKb} && ulimit -t {cpuSeconds} && exec \"$0\" \"$@\""));
        info.ArgumentList.Add(file);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in run.Environment) info.Environment[name] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new ToolFailedException($"{file} could not be started.");
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, timer.Token);
            var errors = process.StandardError.ReadToEndAsync(timer.Token);
            await WriteInputAsync(process, run.StandardInput, timer.Token);
            await process.WaitForExitAsync(timer.Token);
            await reading;
            var error = await errors;
            return new ToolResult(process.ExitCode, output.ToArray(), error.Length > MaxErrorChars ? error[^MaxErrorChars..] : error, clock.Elapsed);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            if (cancellationToken.IsCancellationRequested) throw;
            throw new ToolTimeoutException($"{Path.GetFileName(file)} did not finish within {timeout.TotalSeconds:0.#} s and was killed.");
        }
    }

    /// <summary>Runs the tool and throws <see cref="ToolFailedException"/> unless it exits with 0.</summary>
    public async Task<ToolResult> RunCheckedAsync(string file, IReadOnlyList<string> arguments, ToolRun? run = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(file, arguments, run, cancellationToken);
        if (result.ExitCode != 0)
            throw new ToolFailedException($"{Path.GetFileName(file)} exited with {result.ExitCode}: {result.StandardError.Trim()}");
        return result;
    }

    private static async Task WriteInputAsync(Process process, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        try
        {
            if (!input.IsEmpty) await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool closed its input early (it had what it needed, or it died): its exit code tells which.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}

/// <summary>How one tool run differs from the defaults in <see cref="ReadingOptions"/>.</summary>
public sealed record ToolRun
{
    public TimeSpan? Timeout { get; init; }
    public long? MemoryBytes { get; init; }
    public string? WorkingDirectory { get; init; }
    public ReadOnlyMemory<byte> StandardInput { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>A private temporary directory for one reading's files, deleted with everything in it on dispose.</summary>
public sealed class ToolWorkspace : IDisposable
{
    public ToolWorkspace() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "finance-reading-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed tool may still hold a file for a moment; the OS's tmp cleaner takes what is left.
        }
    }
}
