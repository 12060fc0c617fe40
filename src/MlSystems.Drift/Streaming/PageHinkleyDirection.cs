namespace MlSystems.Drift;

/// <summary>Which direction of change <see cref="PageHinkley"/> watches for.</summary>
public enum PageHinkleyDirection
{
    /// <summary>Increases and decreases of the mean. The default.</summary>
    Both = 0,

    /// <summary>Only increases of the mean (for an error rate: the model got worse).</summary>
    Up = 1,

    /// <summary>Only decreases of the mean.</summary>
    Down = 2,
}
