using System.Diagnostics;
using Finance.Core.Reading.Tools;

namespace Finance.Tests.Reading;

public class ToolRunnerTests
{
    [Fact]
    public async Task RunAsync_SlowCommand_KilledAtTimeoutWithItsChildren()
    {
        using var workspace = new ToolWorkspace();
        var pids = workspace.File("pids");
        var clock = Stopwatch.StartNew();
        // The shell starts a child sleep and waits on it: both must be gone once the call returns.
        var call = Reading.Runner().RunAsync("/bin/sh", ["-c", $"sleep 30 & echo $$ $! > {pids}; wait"], new ToolRun { Timeout = TimeSpan.FromSeconds(1) });
        await Assert.ThrowsAsync<ToolTimeoutException>(() => call);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        foreach (var pid in File.ReadAllText(pids).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
            Assert.False(Alive(pid), $"process {pid} survived the timeout");
    }

    [Fact]
    public async Task RunAsync_OverMemoryLimit_Fails()
    {
        var result = await Reading.Runner().RunAsync("/usr/bin/python3", ["-c", "x = bytearray(1024 * 1024 * 1024); print('allocated')"],
            new ToolRun { MemoryBytes = 256L * 1024 * 1024 });
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("MemoryError", result.StandardError, StringComparison.Ordinal);
        var fits = await Reading.Runner().RunAsync("/usr/bin/python3", ["-c", "x = bytearray(16 * 1024 * 1024); print('allocated')"],
            new ToolRun { MemoryBytes = 256L * 1024 * 1024 });
        Assert.Equal((0, "allocated\n"), (fits.ExitCode, System.Text.Encoding.UTF8.GetString(fits.StandardOutput)));
    }

    [Fact]
    public async Task RunAsync_StandardInput_ReachesToolAndOutputIsCaptured()
    {
        var result = await Reading.Runner().RunAsync("/bin/cat", [], new ToolRun { StandardInput = "Grüezi\n"u8.ToArray() });
        Assert.Equal((0, "Grüezi\n"), (result.ExitCode, System.Text.Encoding.UTF8.GetString(result.StandardOutput)));
    }

    [Fact]
    public async Task RunCheckedAsync_NonZeroExit_ThrowsWithStandardError()
    {
        var e = await Assert.ThrowsAsync<ToolFailedException>(() => Reading.Runner().RunCheckedAsync("/bin/sh", ["-c", "echo broken >&2; exit 3"]));
        Assert.Contains("exited with 3: broken", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolWorkspace_Dispose_RemovesDirectoryAndFiles()
    {
        string path;
        using (var workspace = new ToolWorkspace())
        {
            path = workspace.Path;
            File.WriteAllText(workspace.File("page-1.png"), "x");
        }
        Assert.False(Directory.Exists(path));
    }

    private static bool Alive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);
}
