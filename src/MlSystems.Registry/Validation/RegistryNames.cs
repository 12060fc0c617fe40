namespace MlSystems.Registry;

/// <summary>
/// Model names and aliases become directory and file names in the file store, so they are restricted to a portable,
/// traversal-free alphabet: ASCII letters and digits, then letters, digits, '.', '_' and '-'; no "..".
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

        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                throw new ArgumentException($"The {what} '{Shorten(value)}' contains '{c}'; only ASCII letters, digits, '.', '_' and '-' are allowed.", parameter);
            }
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
