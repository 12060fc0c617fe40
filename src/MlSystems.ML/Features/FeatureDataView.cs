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

    /// <summary>
    /// The batch execution over ML.NET data: reads <paramref name="events"/> as <typeparamref name="TEvent"/> rows, replays
    /// them through the feature set exactly as serving does (<see cref="FeatureBatch.Compute{TEvent}"/>: each event's
    /// vector before it is ingested) and returns the vectors in event-time order as an <see cref="IDataView"/>.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="features">The feature set.</param>
    /// <param name="events">The events; their columns must bind to <typeparamref name="TEvent"/>'s properties.</param>
    /// <param name="label">The label of an event; false for all when null.</param>
    /// <param name="options">Event-time options; the defaults when null.</param>
    public static IDataView Transform<TEvent>(MLContext mlContext, FeatureSet<TEvent> features, IDataView events, Func<TEvent, bool>? label = null, FeatureEngineOptions? options = null)
        where TEvent : class, new()
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(events);
        IEnumerable<TEvent> rows = mlContext.Data.CreateEnumerable<TEvent>(events, reuseRowObject: false);
        FeatureRow[] data = [.. FeatureBatch.Compute(features, rows, options).Select(r => ToRow(r.Vector, label?.Invoke(r.Event) ?? false))];
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
