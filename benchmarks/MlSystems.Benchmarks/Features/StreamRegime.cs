namespace MlSystems.Benchmarks.Features;

/// <summary>How full a stream keeps its sliding windows; see <see cref="SlidingRegimeBenchmarks"/>.</summary>
public enum StreamRegime
{
    /// <summary>100,000 entities over a day: about 0.4 events per one-hour window.</summary>
    Sparse,

    /// <summary>10,000 entities over an hour: about 100 events per one-hour window.</summary>
    Dense,

    /// <summary>The dense stream into ten sliding windows.</summary>
    DenseTenWindows,

    /// <summary>The dense stream with 5% of events up to 4 minutes late.</summary>
    DenseLate,
}
