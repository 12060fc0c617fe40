using Xunit.Abstractions;

namespace MlSystems.Statistics.Tests.Distributions;

/// <summary>
/// The accuracy contract against scipy: |actual - expected| ≤ 1e-7·|expected| + 1e-14, with NaN
/// matching only NaN and infinities matching exactly. Also tracks the worst relative error seen.
/// </summary>
internal sealed class ScipyTolerance
{
    public const double Relative = 1e-7;
    public const double Absolute = 1e-14;

    private readonly List<string> failures = [];

    public double MaxRelativeError { get; private set; }

    public string WorstCase { get; private set; } = "";

    public int Count { get; private set; }

    public static bool Within(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }

        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return expected == actual;
        }

        return Math.Abs(actual - expected) <= (Relative * Math.Abs(expected)) + Absolute;
    }

    public void Check(double expected, double actual, string context)
    {
        Count++;
        if (!Within(expected, actual))
        {
            failures.Add($"{context}: expected {expected:R}, got {actual:R}");
            return;
        }

        if (expected != actual && double.IsFinite(expected) && expected != 0)
        {
            double relative = Math.Abs(actual - expected) / Math.Abs(expected);
            if (relative > MaxRelativeError)
            {
                MaxRelativeError = relative;
                WorstCase = context;
            }
        }
    }

    public void Fail(string message) => failures.Add(message);

    public void AssertAll(ITestOutputHelper output, string label)
    {
        output.WriteLine($"{label}: {Count} values, max relative error {MaxRelativeError:E3} at {WorstCase}");
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches with scipy:\n" + string.Join("\n", failures.Take(40)));
    }
}
