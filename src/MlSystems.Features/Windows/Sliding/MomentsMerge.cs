namespace MlSystems.Features;

/// <summary>Chan's parallel merge of means and M2, the same arithmetic as <see cref="AggregateState.Combine"/>.</summary>
internal static class MomentsMerge
{
    public static Moments Combine(in Moments older, int olderCount, in Moments newer, int newerCount)
    {
        long n = (long)olderCount + newerCount;
        double delta = newer.Mean - older.Mean;
        double mean = older.Mean + (delta * newerCount / n);
        double m2 = older.M2 + newer.M2 + (delta * delta * olderCount * newerCount / n);
        return new Moments(mean, m2);
    }
}
