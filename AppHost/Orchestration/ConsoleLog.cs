namespace Finance.AppHost.Orchestration;

/// <summary>The one log stream: every line prefixed by its resource, coloured when the console is a terminal.</summary>
public static class ConsoleLog
{
    private static readonly ConsoleColor[] Palette =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkYellow];

    private static readonly Lock Gate = new();
    private static readonly bool Colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public static void Write(string source, string line)
    {
        lock (Gate)
        {
            if (Colour)
            {
                Console.ForegroundColor = source == "apphost" ? ConsoleColor.White : Palette[(uint)StableHash(source) % Palette.Length];
                Console.Write($"[{source}] ");
                Console.ResetColor();
                Console.WriteLine(line);
            }
            else
            {
                Console.WriteLine($"[{source}] {line}");
            }
        }
    }

    public static void Info(string message) => Write("apphost", message);

    // string.GetHashCode is randomised per process; a resource keeps its colour from run to run.
    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
}
