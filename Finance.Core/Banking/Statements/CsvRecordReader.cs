using System.Text;

namespace Finance.Core.Banking.Statements;

/// <summary>One CSV record and the file line it starts on (1-based), for error messages.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// RFC 4180 records from a text reader: fields in double quotes may hold the delimiter, line breaks and "" for a quote;
/// CRLF, LF and CR all end a record. Streaming: one record in memory at a time.
/// </summary>
internal static class CsvRecordReader
{
    public static IEnumerable<CsvRecord> Read(TextReader reader, char delimiter)
    {
        var line = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var start = 1;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n' || (ch == '\r' && reader.Peek() != '\n')) line++;
                    field.Append(ch);
                }
                continue;
            }
            if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                fields.Add(field.ToString());
                field.Clear();
                yield return new CsvRecord(start, fields);
                fields = [];
                any = false;
                start = ++line;
            }
            else
            {
                field.Append(ch);
            }
        }
        if (any)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(start, fields);
        }
    }
}
