namespace MlSystems.Tests;

/// <summary>The one tolerance assertion of the test projects: a number against its reference value, both shown when it fails.</summary>
internal static class Tolerance
{
    /// <summary>Asserts |expected − actual| ≤ <paramref name="relative"/> · |expected|.</summary>
    public static void AssertClose(double expected, double actual, double relative, string context) =>
        AssertClose(expected, actual, relative, 0, context);

    /// <summary>Asserts |expected − actual| ≤ max(<paramref name="absolute"/>, <paramref name="relative"/> · |expected|): the absolute floor serves values near zero.</summary>
    public static void AssertClose(double expected, double actual, double relative, double absolute, string? context = null)
    {
        double tolerance = Math.Max(absolute, relative * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{context}: expected {expected:R}, got {actual:R} (tolerance {tolerance:R})");
    }
}
