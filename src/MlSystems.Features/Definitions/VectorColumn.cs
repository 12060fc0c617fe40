namespace MlSystems.Features;

/// <summary>One column of a feature vector: its name, kind and position.</summary>
/// <param name="Name">The column name (a categorical encoding's columns are named <c>feature=category</c> or <c>feature#bucket</c>).</param>
/// <param name="Kind">How it is computed.</param>
/// <param name="Index">Its position in the vector.</param>
public sealed record VectorColumn(string Name, VectorColumnKind Kind, int Index);
