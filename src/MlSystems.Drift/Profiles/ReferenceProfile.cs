using System.Buffers;
using System.Text.Json;

namespace MlSystems.Drift;

/// <summary>
/// A reference (training) dataset summarised per feature, fitted once and then used to check serving windows without
/// touching the reference data again; serialisable to JSON and mergeable across hosts.
/// </summary>
/// <remarks>
/// Hosts that fit their own share of the reference data merge into one profile. Histograms merge only over identical
/// edges, so fit the first host normally and the others with <c>sharedEdgesFrom</c> set to the first host's profile.
/// Instances are not thread-safe for merging; checks against a finished profile may run in parallel.
/// </remarks>
public sealed class ReferenceProfile
{
    private const string JsonType = "reference-profile";
    private const int JsonVersion = 1;
    private readonly Dictionary<string, FeatureProfile> features = new(StringComparer.Ordinal);
    private readonly List<FeatureProfile> ordered = [];

    private ReferenceProfile(ProfileOptions options) => Options = options;

    /// <summary>The options the profile was fitted with.</summary>
    public ProfileOptions Options { get; }

    /// <summary>The feature profiles, in the dataset's column order.</summary>
    public IReadOnlyList<FeatureProfile> Features => ordered;

    /// <summary>The profile of <paramref name="name"/>, or null when the profile has no such feature.</summary>
    public FeatureProfile? Find(string name) => features.GetValueOrDefault(name);

    /// <summary>Fits a profile to a reference dataset.</summary>
    /// <param name="reference">The reference data; every feature needs at least one non-missing value.</param>
    /// <param name="options">How to summarise; null for the defaults.</param>
    /// <param name="sharedEdgesFrom">Another host's profile whose numeric bin edges to reuse, so the two can merge; null to fit edges here.</param>
    /// <exception cref="ArgumentException">
    /// A feature is all missing or holds ±∞; an option is out of range; or <paramref name="sharedEdgesFrom"/> lacks a feature or has it with another kind.
    /// </exception>
    public static ReferenceProfile Fit(DriftDataset reference, ProfileOptions? options = null, ReferenceProfile? sharedEdgesFrom = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new ProfileOptions();
        options.Validate();
        var profile = new ReferenceProfile(options);
        foreach (FeatureColumn column in reference.Columns)
        {
            FeatureProfile? shared = sharedEdgesFrom?.Find(column.Name);
            if (sharedEdgesFrom is not null && (shared is null || shared.Kind != column.Kind))
            {
                throw new FeatureArgumentException(column.Name, $"Feature '{column.Name}' ({column.Kind}) is not in the profile whose edges were to be shared.", nameof(sharedEdgesFrom));
            }

            profile.Add(column.Kind == FeatureKind.Numeric
                ? FeatureProfile.FitNumeric(column.Name, column.NumericValues.Span, options, shared is null ? [] : shared.Histogram!.Edges)
                : FeatureProfile.FitCategorical(column.Name, column.CategoricalValues));
        }

        return profile;
    }

    /// <summary>
    /// A copy holding only the named features, in the order given: for checking a subset of what was profiled (the
    /// features a service logs, say). The copy shares nothing with this profile.
    /// </summary>
    /// <param name="names">The features to keep.</param>
    /// <returns>The new profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> is null.</exception>
    /// <exception cref="ArgumentException">A name is null, not in the profile or given twice (the message names it).</exception>
    public ReferenceProfile Select(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var subset = new ReferenceProfile(Options);
        foreach (string name in names)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(names));
            if (Find(name) is not { } feature || subset.Find(name) is not null)
            {
                throw new FeatureArgumentException(name, $"Feature '{name}' is not in the profile or is named twice.", nameof(names));
            }

            // Only the kept features are copied, through the same form the profile is saved in.
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                feature.WriteTo(writer);
            }

            using JsonDocument copy = JsonDocument.Parse(buffer.WrittenMemory);
            subset.Add(FeatureProfile.ReadFrom(copy.RootElement));
        }

        return subset;
    }

    /// <summary>Folds another host's profile into this one; both must describe the same features.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The feature sets, kinds, bin edges or sketch parameters differ (the message names the feature), or
    /// <paramref name="other"/> is this profile. A refused merge changes nothing.
    /// </exception>
    public void Merge(ReferenceProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("A profile cannot be merged into itself; merge a copy (ReferenceProfile.FromJson(profile.ToJson())).", nameof(other));
        }

        // Every check runs before any feature changes, so a refused merge leaves this profile as it was.
        foreach (FeatureProfile feature in ordered)
        {
            if (other.Find(feature.Name) is null)
            {
                throw new FeatureArgumentException(feature.Name, $"Feature '{feature.Name}' is missing from the profile being merged.", nameof(other));
            }
        }

        foreach (FeatureProfile feature in other.ordered)
        {
            (Find(feature.Name) ?? throw new FeatureArgumentException(feature.Name, $"Feature '{feature.Name}' is not in this profile.", nameof(other))).CheckMergeable(feature);
        }

        foreach (FeatureProfile feature in other.ordered)
        {
            Find(feature.Name)!.Merge(feature, Options.MaxExactSampleSize);
        }
    }

    /// <summary>
    /// The stable JSON form: <c>{"type":"reference-profile","version":1,"options":{…},"features":[…]}</c>, each feature with
    /// its summaries in their own JSON forms.
    /// </summary>
    public string ToJson() => JsonForm.Write(writer =>
    {
        writer.WriteStartObject();
        JsonForm.WriteHeader(writer, JsonType, JsonVersion);
        writer.WriteStartObject("options");
        writer.WriteNumber("maxExactSampleSize", Options.MaxExactSampleSize);
        writer.WriteNumber("binCount", Options.BinCount);
        writer.WriteNumber("sketchK", Options.SketchK);
        writer.WriteEndObject();
        writer.WriteStartArray("features");
        foreach (FeatureProfile feature in ordered)
        {
            feature.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>Reads the form written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not a valid profile; the message says why.</exception>
    public static ReferenceProfile FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            JsonForm.ReadHeader(root, JsonType, JsonVersion);
            JsonElement o = root.GetProperty("options");
            var profile = new ReferenceProfile(new ProfileOptions
            {
                MaxExactSampleSize = o.GetProperty("maxExactSampleSize").GetInt32(),
                BinCount = o.GetProperty("binCount").GetInt32(),
                SketchK = o.GetProperty("sketchK").GetInt32(),
            });
            profile.Options.Validate();
            foreach (JsonElement feature in root.GetProperty("features").EnumerateArray())
            {
                profile.Add(FeatureProfile.ReadFrom(feature));
            }

            return profile;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ArgumentException($"Not a valid reference profile: {e.Message}", nameof(json), e);
        }
    }

    private void Add(FeatureProfile feature)
    {
        if (!features.TryAdd(feature.Name, feature))
        {
            throw new FormatException($"Feature '{feature.Name}' appears twice.");
        }

        ordered.Add(feature);
    }
}
