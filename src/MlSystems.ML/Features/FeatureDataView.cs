using Microsoft.ML;
using Microsoft.ML.Data;
using MlSystems.Features;

namespace MlSystems.ML;

/// <summary>
/// Feature-set vectors as ML.NET data: training sets as an <see cref="IDataView"/> of <see cref="FeatureRow"/>, and the
/// schema definition that lets a serving pool take the same rows — one conversion (double → float) in both paths.
/// </summary>
public static class FeatureDataView
{
    /// <summary>The schema of <see cref="FeatureRow"/> with a fixed-length <c>Features</c> vector of <paramref name="width"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is not positive.</exception>
    public static SchemaDefinition Schema(int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        SchemaDefinition definition = SchemaDefinition.Create(typeof(FeatureRow));
        definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return definition;
    }

    /// <summary>A point-in-time training set as ML.NET data; a label is true when it is positive.</summary>
    /// <exception cref="ArgumentException">The rows are empty.</exception>
    public static IDataView FromTrainingSet<TEvent>(MLContext mlContext, FeatureSet<TEvent> features, IReadOnlyList<TrainingRow<TEvent>> rows)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(rows));
        }

        FeatureRow[] data = [.. rows.Select(r => ToRow(r.Features, r.Label > 0))];
        return mlContext.Data.LoadFromEnumerable(data, Schema(features.Width));
    }

    /// <summary>The ML.NET row of a feature vector, converted as in training.</summary>
    public static FeatureRow ToRow(ReadOnlySpan<double> vector, bool label = false)
    {
        float[] values = new float[vector.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)vector[i];
        }

        return new FeatureRow { Features = values, Label = label };
    }
}
