using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>Traces the outlines of the dark regions of a module grid into one path.</summary>
/// <remarks>Why: Skia writes every path vertex into the PDF as text; a rectangle per run of modules
/// costs four vertices each, the traced outline only one per corner (about a third of the bytes).
/// Edges run clockwise around dark cells, so holes come out counter-clockwise and fill correctly.</remarks>
internal static class QrOutline
{
    public static SKPath Trace(Func<int, int, bool> dark, int size)
    {
        // Directed boundary edges keyed by start vertex (x, y packed into one int).
        var edges = new Dictionary<int, List<int>>();
        int Key(int x, int y) => y * (size + 1) + x;
        void Add(int x0, int y0, int x1, int y1)
        {
            var k = Key(x0, y0);
            if (!edges.TryGetValue(k, out var list)) edges[k] = list = new List<int>(2);
            list.Add(Key(x1, y1));
        }
        bool D(int x, int y) => x >= 0 && y >= 0 && x < size && y < size && dark(x, y);

        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                if (!D(x, y)) continue;
                if (!D(x, y - 1)) Add(x, y, x + 1, y);
                if (!D(x + 1, y)) Add(x + 1, y, x + 1, y + 1);
                if (!D(x, y + 1)) Add(x + 1, y + 1, x, y + 1);
                if (!D(x - 1, y)) Add(x, y + 1, x, y);
            }

        using var builder = new SKPathBuilder();
        var stride = size + 1;
        while (edges.Count > 0)
        {
            var start = edges.Keys.First();
            var current = start;
            var previousDirection = -1;
            var first = true;
            do
            {
                var list = edges[current];
                var next = list[^1];
                list.RemoveAt(list.Count - 1);
                if (list.Count == 0) edges.Remove(current);
                var direction = Direction(current, next, stride);
                if (direction != previousDirection)
                {
                    var (x, y) = (current % stride, current / stride);
                    if (first) builder.MoveTo(x, y); else builder.LineTo(x, y);
                    first = false;
                    previousDirection = direction;
                }
                current = next;
            } while (current != start);
            builder.Close();
        }
        return builder.Detach();
    }

    private static int Direction(int from, int to, int stride) => (to - from) switch
    {
        1 => 0,
        var d when d == stride => 1,
        -1 => 2,
        _ => 3,
    };
}
