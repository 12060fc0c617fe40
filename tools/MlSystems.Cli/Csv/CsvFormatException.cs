namespace MlSystems.Cli.Csv;

/// <summary>A CSV file that cannot be read as a table; the message names the file and the line.</summary>
internal sealed class CsvFormatException(string file, long line, string problem)
    : FormatException($"{file}, line {line}: {problem}")
{
    public string File { get; } = file;

    public long Line { get; } = line;
}
