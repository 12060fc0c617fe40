namespace MlSystems.Cli.Csv;

/// <summary>How a CSV column is compared.</summary>
internal enum ColumnKind
{
    /// <summary>Every non-missing value parses as a finite number.</summary>
    Numeric,

    /// <summary>Labels.</summary>
    Categorical,

    /// <summary>Left out of the comparison (<c>--exclude</c>).</summary>
    Excluded,
}
