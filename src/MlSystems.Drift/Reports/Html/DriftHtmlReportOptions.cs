namespace MlSystems.Drift;

/// <summary>How <see cref="DriftHtmlReport"/> lays out a report.</summary>
public sealed class DriftHtmlReportOptions
{
    /// <summary>The page's title and heading; default <c>Data drift report</c>.</summary>
    public string Title { get; init; } = "Data drift report";

    /// <summary>Equal-width bins of each numeric histogram, spanning both samples' range, in [2, 200]; default 20.</summary>
    public int Bins { get; init; } = 20;

    /// <summary>Bars per categorical feature, the most frequent categories first; beyond it the rest share one
    /// <c>(N others)</c> bar; in [2, 100]; default 12.</summary>
    public int MaxCategories { get; init; } = 12;

    /// <summary>The time printed as the report's date; null (the default) prints none, so the same inputs give the same bytes.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>What the reference data is called on the page; default <c>reference</c>.</summary>
    public string ReferenceName { get; init; } = "reference";

    /// <summary>What the current data is called on the page; default <c>current</c>.</summary>
    public string CurrentName { get; init; } = "current";

    internal void Validate()
    {
        if (Bins is < 2 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(Bins), Bins, "The histogram needs 2 to 200 bins.");
        }

        if (MaxCategories is < 2 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCategories), MaxCategories, "Draw 2 to 100 categories.");
        }

        ArgumentNullException.ThrowIfNull(Title);
        ArgumentNullException.ThrowIfNull(ReferenceName);
        ArgumentNullException.ThrowIfNull(CurrentName);
    }
}
