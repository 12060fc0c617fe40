using System.Text;

namespace MlSystems.Features;

/// <summary>
/// What a stored feature vector must match to be read: the feature set's name, the version its author declared and a
/// fingerprint of its definition. A vector written by another version is refused at read time
/// (<see cref="FeatureVectorMismatchException"/>), so a serving replica never feeds a model a vector laid out or computed
/// by a different definition.
/// </summary>
/// <remarks>
/// The fingerprint is an XXH3 hash of everything the definition declares in data: column names, kinds and order, row
/// transforms (by description), missing values, categories and buckets, windows (aggregation, kind, length, hop, empty
/// value), distinct-count precision and last-N counts. It cannot see inside the delegates that pick a value from an event:
/// change one and raise <see cref="FeatureSetBuilder{TEvent}.Version(int)"/>. Immutable and thread-safe.
/// </remarks>
public sealed class FeatureVectorSchema
{
    /// <summary>The longest feature set name a schema takes, in UTF-8 bytes (it is written into every stored vector).</summary>
    public const int MaxNameBytes = 255;

    internal FeatureVectorSchema(string name, int version, ulong fingerprint, IReadOnlyList<VectorColumn> columns)
    {
        NameBytes = Encoding.UTF8.GetBytes(name);
        if (NameBytes.Length > MaxNameBytes)
        {
            throw new ArgumentException($"Feature set name '{name}' is {NameBytes.Length} UTF-8 bytes; a stored vector names its feature set in at most {MaxNameBytes}.", nameof(name));
        }

        Name = name;
        Version = version;
        Fingerprint = fingerprint;
        Columns = columns;
    }

    /// <summary>The feature set's name.</summary>
    public string Name { get; }

    /// <summary>The version the feature set's author declared (1 unless <see cref="FeatureSetBuilder{TEvent}.Version(int)"/> said otherwise).</summary>
    public int Version { get; }

    /// <summary>The XXH3 fingerprint of the definition's declared data (see the remarks).</summary>
    public ulong Fingerprint { get; }

    /// <summary>The vector's columns, in order.</summary>
    public IReadOnlyList<VectorColumn> Columns { get; }

    /// <summary>The vector's length.</summary>
    public int Width => Columns.Count;

    internal byte[] NameBytes { get; }

    /// <summary>
    /// A schema for vectors of the given layout, for stores and tools that hold no <see cref="FeatureSet{TEvent}"/>. Its
    /// fingerprint covers only the name, version and column names, so it never matches the schema of a built feature set,
    /// whose fingerprint also covers transforms and windows: read such a set's vectors with its own <see cref="FeatureSet{TEvent}.Schema"/>.
    /// </summary>
    /// <param name="name">The feature set's name.</param>
    /// <param name="version">The declared version, at least 1.</param>
    /// <param name="columns">The column names in vector order.</param>
    /// <exception cref="ArgumentException">The name is blank or longer than <see cref="MaxNameBytes"/>, or the columns are empty, blank or repeated.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The version is below 1.</exception>
    public static FeatureVectorSchema Create(string name, int version, IReadOnlyList<string> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0 || columns.Any(string.IsNullOrWhiteSpace) || columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
        {
            throw new ArgumentException("A schema needs at least one column, each named once.", nameof(columns));
        }

        var layout = columns.Select((c, i) => new VectorColumn(c, VectorColumnKind.Row, i)).ToArray();
        var hash = new SchemaFingerprint(name, version, layout);
        return new FeatureVectorSchema(name, version, hash.Finish(), layout);
    }
}
