namespace MlSystems.Registry;

/// <summary>One column of a model's input or output schema.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The column type as the framework names it (for ML.NET, for example <c>Single</c> or <c>Vector&lt;Single, 4&gt;</c>).</param>
public sealed record SchemaColumn(string Name, string Type);
