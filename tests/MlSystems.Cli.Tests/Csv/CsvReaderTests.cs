using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Cli.Csv;

namespace MlSystems.Cli.Tests.Csv;

public sealed class CsvReaderTests
{
    /// <summary>Any table written by an RFC 4180 writer — cells holding delimiters, quotes, CR, LF — reads back as written.</summary>
    [Property(MaxTest = 200)]
    public Property A_written_table_reads_back_cell_for_cell() =>
        Prop.ForAll(Tables().ToArbitrary(), Gen.Elements("\n", "\r\n", "\r").ToArbitrary(), (rows, newline) =>
        {
            string text = string.Concat(rows.Select(row => string.Join(',', row.Select(Quote)) + newline));
            var reader = new CsvReader(new StringReader(text), "t.csv");
            var read = new List<string[]>();
            var fields = new List<string>();
            while (reader.TryRead(fields))
            {
                read.Add([.. fields]);
            }

            return read.Count == rows.Length && read.Zip(rows).All(pair => pair.First.SequenceEqual(pair.Second));
        });

    [Fact]
    public void Records_know_the_line_they_started_on_across_quoted_line_breaks()
    {
        var reader = new CsvReader(new StringReader("a,b\r\n\"x\r\ny\",1\n\"p\nq\nr\",2\rlast,3"), "t.csv");
        var fields = new List<string>();
        var starts = new List<long>();
        var records = new List<string[]>();
        while (reader.TryRead(fields))
        {
            starts.Add(reader.RecordLine);
            records.Add([.. fields]);
        }

        Assert.Equal([1L, 2, 4, 7], starts);
        Assert.Equal(["x\r\ny", "1"], records[1]);
        Assert.Equal(["p\nq\nr", "2"], records[2]);
        Assert.Equal(["last", "3"], records[3]);
    }

    [Theory]
    [InlineData("a,b\n1,x\"y\n", 2, "a quote inside the unquoted field 'x'")]
    [InlineData("a,b\n1,\"xy\"z\n", 2, "'z' after the closing quote")]
    [InlineData("a,b\n1,\"x\ny\n", 2, "never closed")]
    public void Malformed_quoting_names_the_line(string text, long line, string message)
    {
        var reader = new CsvReader(new StringReader(text), "t.csv");
        var fields = new List<string>();

        CsvFormatException error = Assert.Throws<CsvFormatException>(() =>
        {
            while (reader.TryRead(fields))
            {
            }
        });

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"t.csv, line {line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static Gen<string[][]> Tables() =>
        from width in Gen.Choose(1, 4)
        from height in Gen.Choose(1, 6)
        from cells in Gen.Elements("", "a", "1.5", ",", "\"", "\"\"", "x\ny", "p\r\nq", "r\rs", " spaced ", "é€").ArrayOf(width).ArrayOf(height)
        where cells.All(row => !(row.Length == 1 && row[0].Length == 0))
        select cells;

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
