using Microsoft.ML;
using MlSystems.Registry;

namespace MlSystems.ML;

/// <summary>Saves and loads ML.NET <see cref="ITransformer"/> models through an <see cref="IModelRegistry"/>, schema included.</summary>
public static class MlNetModelRegistryExtensions
{
    /// <summary>The tag every ML.NET version carries: <c>framework = ML.NET</c>.</summary>
    public const string FrameworkTag = "framework";

    /// <summary>
    /// Registers <paramref name="model"/> (ML.NET's zip format) as the next version of <paramref name="name"/>. The input and
    /// output schemas are recorded in the metadata unless it already carries them.
    /// </summary>
    /// <exception cref="ArgumentException">The name or metadata is invalid.</exception>
    public static async Task<ModelVersion> RegisterTransformerAsync(this IModelRegistry registry, string name, MLContext mlContext, ITransformer model, DataViewSchema inputSchema, ModelVersionMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        metadata ??= new ModelVersionMetadata();
        if (metadata.InputSchema.Count == 0)
        {
            metadata = metadata with { InputSchema = Describe(inputSchema) };
        }

        if (metadata.OutputSchema.Count == 0)
        {
            metadata = metadata with { OutputSchema = Describe(model.GetOutputSchema(inputSchema)) };
        }

        if (!metadata.Tags.ContainsKey(FrameworkTag))
        {
            metadata = metadata with { Tags = new Dictionary<string, string>(metadata.Tags) { [FrameworkTag] = "ML.NET" } };
        }

        using var buffer = new MemoryStream();
        mlContext.Model.Save(model, inputSchema, buffer);
        buffer.Position = 0;
        return await registry.RegisterAsync(name, buffer, metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a version after the registry has verified its digest; tampered bytes never reach ML.NET.</summary>
    /// <exception cref="ModelNotFoundException">The version does not exist.</exception>
    /// <exception cref="ModelIntegrityException">The stored bytes were altered.</exception>
    public static async Task<LoadedTransformer> LoadTransformerAsync(this IModelRegistry registry, string name, int version, MLContext mlContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(mlContext);
        ModelVersion found = await registry.GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelNotFoundException($"Model '{name}' has no version {version}.");
        Stream verified = await registry.OpenArtifactAsync(name, version, cancellationToken).ConfigureAwait(false);
        await using (verified.ConfigureAwait(false))
        {
            ITransformer model = mlContext.Model.Load(verified, out DataViewSchema inputSchema);
            return new LoadedTransformer(model, inputSchema, found);
        }
    }

    /// <summary>Loads the version an alias points to.</summary>
    /// <exception cref="ModelNotFoundException">The model or alias does not exist.</exception>
    /// <exception cref="ModelIntegrityException">The stored bytes were altered.</exception>
    public static async Task<LoadedTransformer> LoadTransformerAsync(this IModelRegistry registry, string name, string aliasName, MLContext mlContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ModelVersion version = await registry.GetByAliasAsync(name, aliasName, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelNotFoundException($"Model '{name}' has no alias '{aliasName}'.");
        return await registry.LoadTransformerAsync(name, version.Version, mlContext, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The schema's visible columns as registry schema columns.</summary>
    public static IReadOnlyList<SchemaColumn> Describe(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return [.. schema.Where(c => !c.IsHidden).Select(c => new SchemaColumn(c.Name, c.Type.ToString() ?? c.Type.RawType.Name))];
    }
}
