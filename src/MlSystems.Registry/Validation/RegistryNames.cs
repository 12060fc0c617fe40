namespace MlSystems.Registry;

/// <summary>
/// Model names and aliases become directory and file names in the file store, so they are restricted to a portable,
/// traversal-free alphabet: ASCII letters and digits, then letters, digits, '.', '_' and '-'; no "..", no final '.'
/// (Windows drops it), and none of Windows' reserved device names (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9, in any case,
/// alone or before a '.'), which name a device rather than a file there. The same names are refused on every OS, so a
/// registry copied between hosts stays valid.
/// </summary>
internal static class RegistryNames
{
    public const int MaxModelNameLength = 128;
    public const int MaxAliasLength = 64;

    public static void Model(string? name, string parameter = "name") => Check(name, MaxModelNameLength, "model name", parameter);

    public static void Alias(string? alias, string parameter = "alias") => Check(alias, MaxAliasLength, "alias", parameter);

    public static void Version(int version, string parameter = "version")
    {
        if (version < 1)
        {
            throw new ArgumentOutOfRangeException(parameter, version, "Versions start at 1.");
        }
    }

    private static void Check(string? value, int maxLength, string what, string parameter)
    {
        ArgumentNullException.ThrowIfNull(value, parameter);
        if (value.Length == 0 || value.Length > maxLength)
        {
            throw new ArgumentException($"A {what} has 1 to {maxLength} characters; '{Shorten(value)}' has {value.Length}.", parameter);
        }

        if (!char.IsAsciiLetterOrDigit(value[0]) || value.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"A {what} starts with an ASCII letter or digit and has no '..': '{Shorten(value)}'.", parameter);
        }

        if (value[^1] == '.')
        {
            throw new ArgumentException($"A {what} cannot end with '.': '{Shorten(value)}'.", parameter);
        }

        int dot = value.IndexOf('.', StringComparison.Ordinal);
        string stem = dot < 0 ? value : value[..dot];
        if (IsWindowsDevice(stem))
        {
            throw new ArgumentException($"The {what} '{Shorten(value)}' begins with the Windows device name '{stem}', which cannot be a file name there.", parameter);
        }

        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                throw new ArgumentException($"The {what} '{Shorten(value)}' contains '{c}'; only ASCII letters, digits, '.', '_' and '-' are allowed.", parameter);
            }
        }
    }

    private static bool IsWindowsDevice(string stem) =>
        stem.Length is 3 or 4 && stem.ToUpperInvariant() switch
        {
            "CON" or "PRN" or "AUX" or "NUL" => true,
            ['C', 'O', 'M', >= '1' and <= '9'] or ['L', 'P', 'T', >= '1' and <= '9'] => true,
            _ => false,
        };

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
