namespace MlSystems.Drift;

/// <summary>One named column of a <see cref="DriftDataset"/>: numbers or category labels.</summary>
public sealed class FeatureColumn
{
    private FeatureColumn(string name, FeatureKind kind, double[]? numbers, string?[]? categories)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Kind = kind;
        NumericValues = numbers ?? [];
        CategoricalValues = categories ?? [];
    }

    /// <summary>The feature's name, unique within its dataset.</summary>
    public string Name { get; }

    /// <summary>Whether the column holds numbers or categories.</summary>
    public FeatureKind Kind { get; }

    /// <summary>The values of a numeric column (NaN marks a missing value); empty for a categorical column.</summary>
    public ReadOnlyMemory<double> NumericValues { get; }

    /// <summary>The labels of a categorical column (null marks a missing value); empty for a numeric column.</summary>
    public IReadOnlyList<string?> CategoricalValues { get; }

    /// <summary>The number of rows.</summary>
    public int Length => Kind == FeatureKind.Numeric ? NumericValues.Length : CategoricalValues.Count;

    /// <summary>A numeric column; the values are copied.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public static FeatureColumn Numeric(string name, ReadOnlySpan<double> values) => new(name, FeatureKind.Numeric, values.ToArray(), null);

    /// <summary>A categorical column; the labels are copied.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static FeatureColumn Categorical(string name, IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, FeatureKind.Categorical, null, values.ToArray());
    }
}
