namespace MlSystems.Drift;

/// <summary>Results the tests share.</summary>
internal static class DriftTestResults
{
    /// <summary>The result of a test on a sample holding NaN or ±∞ under <see cref="Statistics.NaNPolicy.Propagate"/>: NaN, not drifted.</summary>
    public static DriftTestResult NotANumber(string test, long referenceCount, long currentCount, double threshold) => new()
    {
        TestName = test,
        Statistic = double.NaN,
        EffectSize = double.NaN,
        ReferenceCount = referenceCount,
        CurrentCount = currentCount,
        Threshold = threshold,
    };
}
