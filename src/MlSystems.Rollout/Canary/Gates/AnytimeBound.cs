namespace MlSystems.Rollout;

/// <summary>
/// How many standard errors a gate's estimate must clear before it fails a candidate, at any of the evaluations a canary
/// makes: the boundary of a normal-mixture confidence sequence (Robbins; Howard et al. 2021), valid however often it is
/// looked at, where a fixed z₁₋α at every evaluation would fail about one candidate in ten that equals the champion
/// over a long, low-traffic step. The mixture is the two-sided one, used on one side: the level it keeps there is about
/// α/2, more conservative than the stated α, which a false failure (a good model thrown away) is worth.
/// </summary>
/// <remarks>
/// The multiplier is √((1 + 1/u)(2 ln(1/α) + ln(1 + u))), u being the information gathered relative to the point the
/// mixture is tuned to (u = n/n₀ = (se₀/se)²). It is tightest near u = 1, 3.66 at α = 0.05, where a fixed test would
/// use 1.64; it widens slowly beyond, and fast before, which is where the false failures of repeated looks come from.
/// The built-in gates tune it to a standard error of twice their tolerance, the size of regression a canary exists to
/// stop at once: a candidate with six times the errors still fails within a few hundred requests, and by the requests a
/// 95%-power plan gathers the multiplier has settled near 3.1.
/// </remarks>
internal static class AnytimeBound
{
    /// <summary>The multiplier at one-sided level <paramref name="alpha"/> and relative information <paramref name="information"/>.</summary>
    public static double Multiplier(double alpha, double information)
    {
        double u = Math.Max(information, 1e-12);
        return Math.Sqrt((1 + (1 / u)) * ((2 * Math.Log(1 / alpha)) + Math.Log(1 + u)));
    }

    /// <summary>The multiplier for an estimate of standard error <paramref name="standardError"/> against a tolerance, tuned to twice it.</summary>
    public static double ForTolerance(double alpha, double tolerance, double standardError) =>
        Multiplier(alpha, 4 * tolerance * tolerance / (standardError * standardError));
}
