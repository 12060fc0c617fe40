namespace MlSystems.Drift.Tests.Support;

/// <summary>A test that needs headless Chromium; reported as skipped, with the reason, where Chromium is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null)
        {
            Skip = "Skipped: Chromium is not installed here (apt-get install chromium). .ci/run installs it, so CI runs this test.";
        }
    }
}
