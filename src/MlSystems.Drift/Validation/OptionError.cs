namespace MlSystems.Drift;

/// <summary>Builds the exception for an invalid option, named by the option rather than by a method parameter.</summary>
internal static class OptionError
{
    public static ArgumentException Invalid(string option, string message) => new(message, option);
}
