namespace MlSystems.Features;

/// <summary>Chan's parallel merge of means and M2, for sliding windows and for <see cref="AggregateState.Combine"/> alike.</summary>
internal static class MomentsMerge
{
    public static Moments Combine(in Moments older, long olderCount, in Moments newer, long newerCount)
    {
        long n = olderCount + newerCount;
        double delta = newer.Mean - older.Mean;
        double mean = older.Mean + (delta * newerCount / n);
        double m2 = older.M2 + newer.M2 + (delta * delta * olderCount * newerCount / n);
        return new Moments(mean, m2);
    }
}
