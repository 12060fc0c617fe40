namespace MlSystems.Features;

/// <summary>How a window moves with time.</summary>
public enum WindowKind
{
    /// <summary>The events of the last <see cref="FeatureWindow.Length"/> before the moment asked about, to the tick.</summary>
    Sliding,

    /// <summary>Consecutive non-overlapping windows of <see cref="FeatureWindow.Length"/>; the value is that of the last completed one.</summary>
    Tumbling,

    /// <summary>Windows of <see cref="FeatureWindow.Length"/> starting every <see cref="FeatureWindow.Hop"/>; the value is that of the last completed one.</summary>
    Hopping,
}
