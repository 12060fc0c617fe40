namespace MlSystems.Drift.Tests.Support;

/// <summary>
/// A test that needs headless Chromium. Where Chromium is absent it is reported as skipped, with the reason, except in
/// CI (<c>CI=true</c>), where <c>.ci/run</c> installs Chromium: there a missing browser fails the test instead of
/// hiding it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (Chromium.Path is null && !ci)
        {
            Skip = "Skipped: Chromium is not installed here (apt-get install chromium). .ci/run installs it, and in CI (CI=true) this test fails without it.";
        }
    }
}
