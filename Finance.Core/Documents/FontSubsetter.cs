using System.Buffers.Binary;

namespace Finance.Core.Documents;

/// <summary>Empties the outlines of the glyphs a document does not use, keeping glyph ids, metrics
/// and every other table as they are.</summary>
/// <remarks>Why: Skia embeds the font file it is given, whole, in every PDF (DESIGN.md §6); even the
/// trimmed FinanceSans pair is two thirds of a one-page invoice. Keeping glyph ids means no cmap,
/// hmtx or kerning rewrite: only <c>glyf</c> shrinks and <c>loca</c> is recomputed (OpenType spec,
/// "glyf" and "loca" tables). Composite glyphs keep the components they reference.</remarks>
internal static class FontSubsetter
{
    public static byte[] Subset(byte[] font, IEnumerable<ushort> glyphIds)
    {
        var tables = ReadTables(font);
        var head = tables["head"];
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(head.Offset + 50)) == 1;
        var glyphCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["maxp"].Offset + 4));
        var loca = tables["loca"];
        var glyf = font.AsSpan(tables["glyf"].Offset, tables["glyf"].Length);
        int Offset(int g) => longLoca
            ? (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(loca.Offset + 4 * g))
            : BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(loca.Offset + 2 * g)) * 2;

        var keep = new HashSet<int>();
        var pending = new Stack<int>(glyphIds.Select(g => (int)g).Where(g => g < glyphCount).Append(0)); // .notdef stays
        while (pending.Count > 0)
        {
            var g = pending.Pop();
            if (!keep.Add(g)) continue;
            foreach (var component in Components(glyf[Offset(g)..Offset(g + 1)])) pending.Push(component);
        }

        var newGlyf = new MemoryStream();
        var newLoca = new byte[(glyphCount + 1) * (longLoca ? 4 : 2)];
        for (var g = 0; g <= glyphCount; g++)
        {
            var at = (int)newGlyf.Length;
            if (longLoca) BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * g), (uint)at);
            else BinaryPrimitives.WriteUInt16BigEndian(newLoca.AsSpan(2 * g), (ushort)(at / 2));
            if (g == glyphCount || !keep.Contains(g)) continue;
            newGlyf.Write(glyf[Offset(g)..Offset(g + 1)]);
            while (newGlyf.Length % 4 != 0) newGlyf.WriteByte(0);
        }
        var replaced = new Dictionary<string, byte[]> { ["glyf"] = newGlyf.ToArray(), ["loca"] = newLoca };
        return Write(font, tables, replaced);
    }

    private static List<int> Components(ReadOnlySpan<byte> glyph)
    {
        var result = new List<int>();
        if (glyph.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0) return result;
        var p = 10;
        ushort flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(glyph[p..]);
            result.Add(BinaryPrimitives.ReadUInt16BigEndian(glyph[(p + 2)..]));
            p += 4 + ((flags & 0x1) != 0 ? 4 : 2);
            p += (flags & 0x8) != 0 ? 2 : (flags & 0x40) != 0 ? 4 : (flags & 0x80) != 0 ? 8 : 0;
        } while ((flags & 0x20) != 0);
        return result;
    }

    private readonly record struct Table(string Tag, int Offset, int Length);

    private static Dictionary<string, Table> ReadTables(byte[] font)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        var tables = new Dictionary<string, Table>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var r = font.AsSpan(12 + 16 * i);
            var tag = System.Text.Encoding.ASCII.GetString(r[..4]);
            tables[tag] = new(tag, (int)BinaryPrimitives.ReadUInt32BigEndian(r[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(r[12..]));
        }
        return tables;
    }

    private static byte[] Write(byte[] font, Dictionary<string, Table> tables, Dictionary<string, byte[]> replaced)
    {
        var ordered = tables.Values.OrderBy(t => t.Tag, StringComparer.Ordinal).ToList();
        var headerLength = 12 + 16 * ordered.Count;
        var bodies = ordered.Select(t => replaced.TryGetValue(t.Tag, out var b) ? b : font.AsSpan(t.Offset, t.Length).ToArray()).ToList();
        var output = new byte[headerLength + bodies.Sum(b => (b.Length + 3) & ~3)];
        font.AsSpan(0, 12).CopyTo(output);
        var at = headerLength;
        for (var i = 0; i < ordered.Count; i++)
        {
            var body = bodies[i];
            if (ordered[i].Tag == "head") BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(8), 0); // checkSumAdjustment, set below
            body.CopyTo(output, at);
            var record = output.AsSpan(12 + 16 * i);
            System.Text.Encoding.ASCII.GetBytes(ordered[i].Tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(output.AsSpan(at, (body.Length + 3) & ~3)));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)at);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)body.Length);
            at += (body.Length + 3) & ~3;
        }
        var headAt = (int)BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(12 + 16 * ordered.FindIndex(t => t.Tag == "head") + 8));
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(headAt + 8), 0xB1B0AFBA - Checksum(output));
        return output;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 3 < data.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        return sum;
    }
}
