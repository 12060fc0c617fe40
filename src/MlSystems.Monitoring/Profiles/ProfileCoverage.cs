using MlSystems.Drift;

namespace MlSystems.Monitoring;

/// <summary>Whether a reference profile describes every feature the monitor logs, as a numeric feature.</summary>
internal static class ProfileCoverage
{
    /// <exception cref="ArgumentException">A logged feature is missing or categorical; the message names it.</exception>
    public static void Check(ReferenceProfile profile, IEnumerable<string> featureNames)
    {
        foreach (string name in featureNames)
        {
            if (profile.Find(name) is not { Kind: FeatureKind.Numeric })
            {
                throw new ArgumentException($"The reference profile has no numeric feature '{name}', which the monitor logs.", nameof(profile));
            }
        }
    }
}
