namespace Finance.AppHost.Orchestration;

/// <summary>Where things are: the repository (found by its solution file), the data directory, the build configuration.</summary>
public sealed class HostContext
{
    private const string SolutionFile = "Finance.Aspire.sln";

    public HostContext(string? dataDirectory, string environmentName)
    {
        RepoRoot = FindRepoRoot(AppContext.BaseDirectory);
        DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDirectory) ? Path.Combine(RepoRoot, ".data") : dataDirectory);
        EnvironmentName = environmentName;
        // The AppHost's own output is <repo>/AppHost/bin/<Configuration>/net10.0/: launch the projects built the same way.
        Configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))) ?? "Debug";
    }

    public string RepoRoot { get; }

    public string DataDirectory { get; }

    public string EnvironmentName { get; }

    public string Configuration { get; }

    /// <summary>Directory.Build.props sets AppendRuntimeIdentifierToOutputPath=false, so there is no RID segment.</summary>
    public string ProjectAssembly(string project) =>
        Path.Combine(RepoRoot, project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} found above {start}: run the AppHost from the repository's build output.");
    }
}
