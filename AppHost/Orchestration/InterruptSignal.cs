using System.Runtime.InteropServices;

namespace Finance.AppHost.Orchestration;

/// <summary>
/// A shell starts background jobs (<c>dotnet ... &amp;</c>) with SIGINT ignored, and .NET keeps an inherited SIG_IGN:
/// neither the console lifetime nor a PosixSignalRegistration would then see <c>kill -INT</c>. Restoring the default
/// before .NET sets up its signal handling makes SIGINT stop the AppHost however it was started.
/// </summary>
internal static partial class InterruptSignal
{
    private const int SigInt = 2;

    public static void RestoreDefault()
    {
        // /proc/self/status "SigIgn:" is a hexadecimal mask; bit (n - 1) set means signal n is ignored.
        var mask = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (mask is not null && (Convert.ToUInt64(mask["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0)
        {
            _ = Signal(SigInt, IntPtr.Zero); // IntPtr.Zero is SIG_DFL.
        }
    }

    [DllImport("libc", EntryPoint = "signal")]
    private static extern IntPtr Signal(int signal, IntPtr handler);
}
