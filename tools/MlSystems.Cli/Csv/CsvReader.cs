using System.Text;

namespace MlSystems.Cli.Csv;

/// <summary>
/// Reads RFC 4180 CSV records one at a time: fields separated by the delimiter, optionally quoted with <c>"</c>, a
/// doubled quote inside quotes standing for one, line breaks (LF, CRLF or CR) inside quotes kept. Strict: a quote in
/// the middle of an unquoted field, text after a closing quote, and a quote left open at the end are errors that name
/// the line.
/// </summary>
internal sealed class CsvReader(TextReader reader, string file, char delimiter = ',')
{
    private readonly char[] buffer = new char[64 * 1024];
    private readonly StringBuilder field = new();
    private int position;
    private int length;
    private long line = 1;

    /// <summary>The line the last record read started on (1-based).</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the file.</summary>
    public bool TryRead(List<string> fields)
    {
        fields.Clear();
        if (!Fill())
        {
            return false;
        }

        RecordLine = line;
        while (true)
        {
            bool endOfRecord = ReadField(out string value);
            fields.Add(value);
            if (endOfRecord)
            {
                return true;
            }
        }
    }

    /// <summary>Reads one field; true when it ended the record (a line break or the end of the file).</summary>
    private bool ReadField(out string value)
    {
        field.Clear();
        if (Fill() && buffer[position] == '"')
        {
            Take();
            return ReadQuoted(out value);
        }

        while (Fill())
        {
            char c = buffer[position];
            if (c == delimiter)
            {
                Take();
                value = field.ToString();
                return false;
            }

            if (c is '\n' or '\r')
            {
                TakeLineBreak();
                value = field.ToString();
                return true;
            }

            if (c == '"')
            {
                throw new CsvFormatException(file, line, $"a quote inside the unquoted field '{field}'; quote the whole field and double the quote.");
            }

            // The run of ordinary characters up to the next delimiter, quote or line break, appended at once.
            ReadOnlySpan<char> rest = buffer.AsSpan(position, length - position);
            int run = rest.IndexOfAny([delimiter, '"', '\n', '\r']) is var stop and >= 0 ? stop : rest.Length;
            field.Append(rest[..run]);
            position += run;
        }

        value = field.ToString();
        return true;
    }

    private bool ReadQuoted(out string value)
    {
        long opened = line;
        while (true)
        {
            if (!Fill())
            {
                throw new CsvFormatException(file, opened, "a quoted field is never closed.");
            }

            char c = Take();
            if (c == '"')
            {
                if (Fill() && buffer[position] == '"')
                {
                    field.Append(Take());
                    continue;
                }

                value = field.ToString();
                if (!Fill())
                {
                    return true;
                }

                char next = buffer[position];
                if (next == delimiter)
                {
                    Take();
                    return false;
                }

                if (next is '\n' or '\r')
                {
                    TakeLineBreak();
                    return true;
                }

                throw new CsvFormatException(file, line, $"'{next}' after the closing quote of \"{value}\"; expected '{delimiter}' or the end of the line.");
            }

            if (c == '\n' || (c == '\r' && !(Fill() && buffer[position] == '\n')))
            {
                line++;
            }

            field.Append(c);
        }
    }

    private void TakeLineBreak()
    {
        if (Take() == '\r' && Fill() && buffer[position] == '\n')
        {
            Take();
        }

        line++;
    }

    private char Take() => buffer[position++];

    private bool Fill()
    {
        if (position < length)
        {
            return true;
        }

        length = reader.Read(buffer, 0, buffer.Length);
        position = 0;
        return length > 0;
    }
}
