namespace Finance.Tests.Infrastructure;

/// <summary>Paths in the repository and in <c>../shared</c>, found from the test binaries.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Fixtures => Path.Combine(Shared, "fixtures");

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>The built entry assembly of a host project, e.g. <c>Finance.Workers</c>.</summary>
    public static string HostDll(string project) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Finance.Aspire.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Finance.Aspire.sln not found above " + AppContext.BaseDirectory);
    }
}
