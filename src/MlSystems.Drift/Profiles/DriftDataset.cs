namespace MlSystems.Drift;

/// <summary>A table of feature columns of equal length: a reference (training) set or a current (serving) window.</summary>
public sealed class DriftDataset
{
    private readonly List<FeatureColumn> columns = [];
    private readonly Dictionary<string, FeatureColumn> byName = new(StringComparer.Ordinal);

    /// <summary>Creates a dataset from columns.</summary>
    /// <exception cref="ArgumentException">Two columns share a name or the columns differ in length.</exception>
    public DriftDataset(IEnumerable<FeatureColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (FeatureColumn column in columns)
        {
            Add(column, nameof(columns));
        }
    }

    /// <summary>The columns, in the order given.</summary>
    public IReadOnlyList<FeatureColumn> Columns => columns;

    /// <summary>The number of rows; 0 when there are no columns.</summary>
    public int RowCount => columns.Count == 0 ? 0 : columns[0].Length;

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public FeatureColumn? Find(string name) => byName.GetValueOrDefault(name);

    private void Add(FeatureColumn column, string paramName)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (byName.ContainsKey(column.Name))
        {
            throw new FeatureArgumentException(column.Name, $"Feature '{column.Name}' appears twice.", paramName);
        }

        if (columns.Count > 0 && column.Length != RowCount)
        {
            throw new FeatureArgumentException(column.Name, $"Feature '{column.Name}' has {column.Length} rows but '{columns[0].Name}' has {RowCount}.", paramName);
        }

        columns.Add(column);
        byName.Add(column.Name, column);
    }
}
