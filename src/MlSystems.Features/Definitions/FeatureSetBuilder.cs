namespace MlSystems.Features;

/// <summary>Declares a <see cref="FeatureSet{TEvent}"/>'s features in vector order.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
public sealed class FeatureSetBuilder<TEvent>
{
    private readonly string name;
    private readonly Func<TEvent, string> entityKey;
    private readonly Func<TEvent, DateTimeOffset> eventTime;
    private readonly List<RowFeature<TEvent>> rows = [];
    private readonly List<WindowFeature<TEvent>> windows = [];
    private readonly List<DistinctFeature<TEvent>> distincts = [];
    private readonly List<LastFeature<TEvent>> lasts = [];
    private readonly List<VectorColumn> columns = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private int version = 1;

    /// <summary>Starts a definition.</summary>
    /// <param name="name">The feature set's name.</param>
    /// <param name="entityKey">The entity an event belongs to (card, user, store); must not return null or empty.</param>
    /// <param name="eventTime">When the event happened (event time, not arrival time).</param>
    /// <exception cref="ArgumentException">The name is blank or longer than <see cref="FeatureVectorSchema.MaxNameBytes"/> UTF-8 bytes.</exception>
    public FeatureSetBuilder(string name, Func<TEvent, string> entityKey, Func<TEvent, DateTimeOffset> eventTime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > FeatureVectorSchema.MaxNameBytes)
        {
            throw new ArgumentException($"A feature set name takes at most {FeatureVectorSchema.MaxNameBytes} UTF-8 bytes: every stored vector carries it.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(entityKey);
        ArgumentNullException.ThrowIfNull(eventTime);
        this.name = name;
        this.entityKey = entityKey;
        this.eventTime = eventTime;
    }

    /// <summary>
    /// Declares the definition's version (default 1), written into every vector an online store holds so a reader of
    /// another version refuses it. Raise it whenever a change the schema fingerprint cannot see — the code inside a value,
    /// key or time delegate — changes what a feature means.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The version is below 1.</exception>
    public FeatureSetBuilder<TEvent> Version(int version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        this.version = version;
        return this;
    }

    /// <summary>A numeric feature of the current event, transformed.</summary>
    /// <param name="feature">The column name.</param>
    /// <param name="value">The raw value.</param>
    /// <param name="transform">The transform; identity when null.</param>
    /// <param name="missingValue">Written (and counted) when the raw value is NaN or ±∞; default 0.</param>
    /// <exception cref="ArgumentException">The name is blank or already used.</exception>
    public FeatureSetBuilder<TEvent> Row(string feature, Func<TEvent, double> value, RowTransform? transform = null, double missingValue = 0)
    {
        ArgumentNullException.ThrowIfNull(value);
        rows.Add(new RowFeature<TEvent> { Name = feature, Index = Claim(feature, VectorColumnKind.Row, nameof(feature)), Numeric = value, Transform = transform ?? RowTransform.Identity, MissingValue = missingValue });
        return this;
    }

    /// <summary>A one-hot encoding: one column per category, then one for anything else (null included).</summary>
    /// <exception cref="ArgumentException">The name is blank or used, or the categories are empty or repeated.</exception>
    public FeatureSetBuilder<TEvent> OneHot(string feature, Func<TEvent, string?> category, IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Count == 0 || categories.Distinct(StringComparer.Ordinal).Count() != categories.Count)
        {
            throw new ArgumentException($"Feature '{feature}' needs distinct categories.", nameof(categories));
        }

        int first = Claim($"{feature}={categories[0]}", VectorColumnKind.Categorical, nameof(feature));
        for (int k = 1; k < categories.Count; k++)
        {
            Claim($"{feature}={categories[k]}", VectorColumnKind.Categorical, nameof(feature));
        }

        Claim($"{feature}=(other)", VectorColumnKind.Categorical, nameof(feature));
        rows.Add(new RowFeature<TEvent>
        {
            Name = feature,
            Index = first,
            Category = category,
            Categories = categories.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => p.k, StringComparer.Ordinal),
            Width = categories.Count + 1,
        });
        return this;
    }

    /// <summary>A hashed encoding: the category's XXH3 bucket set to 1 among <paramref name="buckets"/> columns (all 0 for null).</summary>
    /// <exception cref="ArgumentException">The name is blank or used.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 buckets.</exception>
    public FeatureSetBuilder<TEvent> Hashed(string feature, Func<TEvent, string?> category, int buckets)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        int first = Claim($"{feature}#0", VectorColumnKind.Categorical, nameof(feature));
        for (int b = 1; b < buckets; b++)
        {
            Claim($"{feature}#{b}", VectorColumnKind.Categorical, nameof(feature));
        }

        rows.Add(new RowFeature<TEvent> { Name = feature, Index = first, Category = category, Width = buckets });
        return this;
    }

    /// <summary>An aggregation of the entity's events in a window, as of the event being computed (which is not yet counted).</summary>
    /// <param name="feature">The column name.</param>
    /// <param name="value">The value to aggregate (for <see cref="Aggregation.Count"/>, any finite value). NaN and ±∞ are skipped and counted.</param>
    /// <param name="aggregation">The aggregation.</param>
    /// <param name="window">The window.</param>
    /// <param name="emptyValue">The value of an empty window for mean, variance, min and max; default 0 (count and sum are 0).</param>
    /// <exception cref="ArgumentException">The name is blank or already used.</exception>
    public FeatureSetBuilder<TEvent> Window(string feature, Func<TEvent, double> value, Aggregation aggregation, FeatureWindow window, double emptyValue = 0)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(window);
        if (!Enum.IsDefined(aggregation))
        {
            throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "Unknown aggregation.");
        }

        windows.Add(new WindowFeature<TEvent> { Name = feature, Index = Claim(feature, VectorColumnKind.Window, nameof(feature)), Value = value, Aggregation = aggregation, Window = window, EmptyValue = emptyValue });
        return this;
    }

    /// <summary>
    /// An approximate count of distinct values (HyperLogLog, relative standard error 1.04/√2^precision: 3.3% at the default
    /// 10) over a tumbling or hopping window of the entity's events. Null values are not counted.
    /// </summary>
    /// <exception cref="ArgumentException">The name is blank or used, or the window is sliding (a sketch cannot forget one value).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The precision is outside 4 … 16.</exception>
    public FeatureSetBuilder<TEvent> DistinctCount(string feature, Func<TEvent, string?> value, FeatureWindow window, int precision = 10)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 16);
        if (window.Kind == WindowKind.Sliding)
        {
            throw new ArgumentException($"Distinct count '{feature}' needs a tumbling or hopping window: a sketch cannot forget a single value as it leaves a sliding window.", nameof(window));
        }

        distincts.Add(new DistinctFeature<TEvent> { Index = Claim(feature, VectorColumnKind.Window, nameof(feature)), Value = value, Window = window, Precision = precision });
        return this;
    }

    /// <summary>
    /// The entity's last <paramref name="count"/> values before the event's time (none at it), newest first, in columns
    /// <c>feature[0]</c> … <c>feature[count − 1]</c>; at one instant the larger value counts as the later one.
    /// </summary>
    /// <param name="feature">The column name's stem.</param>
    /// <param name="value">The value kept; NaN and ±∞ are skipped and counted.</param>
    /// <param name="count">How many, 1 to 64.</param>
    /// <param name="emptyValue">Written in columns with no value yet; default 0.</param>
    /// <exception cref="ArgumentException">The name is blank or used.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The count is outside 1 … 64.</exception>
    public FeatureSetBuilder<TEvent> LastValues(string feature, Func<TEvent, double> value, int count, double emptyValue = 0)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 64);
        int first = Claim($"{feature}[0]", VectorColumnKind.Window, nameof(feature));
        for (int k = 1; k < count; k++)
        {
            Claim($"{feature}[{k}]", VectorColumnKind.Window, nameof(feature));
        }

        lasts.Add(new LastFeature<TEvent> { Index = first, Value = value, Count = count, EmptyValue = emptyValue });
        return this;
    }

    /// <summary>The feature set.</summary>
    /// <exception cref="InvalidOperationException">No feature was declared.</exception>
    public FeatureSet<TEvent> Build() =>
        columns.Count == 0
            ? throw new InvalidOperationException($"Feature set '{name}' declares no feature.")
            : new FeatureSet<TEvent>(name, version, entityKey, eventTime, rows, windows, distincts, lasts, [.. columns]);

    private int Claim(string column, VectorColumnKind kind, string paramName)
    {
        if (string.IsNullOrWhiteSpace(column) || column.StartsWith('=') || column.StartsWith('#'))
        {
            throw new ArgumentException("A feature needs a name.", paramName);
        }

        if (!names.Add(column))
        {
            throw new ArgumentException($"Feature set '{name}' already has a column '{column}'.", paramName);
        }

        columns.Add(new VectorColumn(column, kind, columns.Count));
        return columns.Count - 1;
    }
}
