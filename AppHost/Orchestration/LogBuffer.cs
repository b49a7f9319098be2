namespace Finance.AppHost.Orchestration;

/// <summary>One resource's log: echoed to the console with a <c>[name]</c> prefix (unless quiet), the last lines kept in memory.</summary>
public sealed class LogBuffer(string name, bool echo = true)
{
    public const int Capacity = 200;

    private readonly Queue<string> lines = new(Capacity);

    public void Write(string line)
    {
        lock (lines)
        {
            if (lines.Count == Capacity)
            {
                lines.Dequeue();
            }

            lines.Enqueue(line);
        }

        if (echo)
        {
            ConsoleLog.Write(name, line);
        }
    }

    public IReadOnlyList<string> Tail(int count)
    {
        lock (lines)
        {
            return lines.Skip(Math.Max(0, lines.Count - count)).ToArray();
        }
    }
}
