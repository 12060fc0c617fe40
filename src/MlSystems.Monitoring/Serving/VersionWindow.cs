using MlSystems.Drift;
using MlSystems.Statistics;

namespace MlSystems.Monitoring;

/// <summary>
/// One version's most recent served rows (features then the prediction, flattened) and most recent losses, in rings:
/// memory is fixed, the oldest entries give way.
/// </summary>
internal sealed class VersionWindow
{
    private readonly int width;
    private readonly int rowCapacity;
    private readonly double[] rows;
    private readonly double[] losses;
    private int rowCount;
    private int nextRow;
    private int lossCount;
    private int nextLoss;

    public VersionWindow(int width, int rowCapacity, int lossCapacity)
    {
        this.width = width;
        this.rowCapacity = rowCapacity;
        rows = new double[(width + 1) * rowCapacity];
        losses = new double[lossCapacity];
    }

    public int LossCount => lossCount;

    public void AddRow(ReadOnlySpan<double> features, double prediction)
    {
        Span<double> row = rows.AsSpan(nextRow * (width + 1), width + 1);
        features.CopyTo(row);
        row[width] = prediction;
        nextRow = nextRow + 1 == rowCapacity ? 0 : nextRow + 1;
        rowCount = Math.Min(rowCount + 1, rowCapacity);
    }

    public void AddLoss(double loss)
    {
        losses[nextLoss] = loss;
        nextLoss = nextLoss + 1 == losses.Length ? 0 : nextLoss + 1;
        lossCount = Math.Min(lossCount + 1, losses.Length);
    }

    /// <summary>
    /// A copy of the rows held, flattened (each row's features, then its prediction), or null when there are fewer than
    /// <paramref name="minimumRows"/>: one copy under the caller's lock, the columns built after it.
    /// </summary>
    public double[]? CopyRows(int minimumRows) => rowCount < minimumRows ? null : rows.AsSpan(0, rowCount * (width + 1)).ToArray();

    /// <summary>Rows from <see cref="CopyRows"/> as drift columns; the prediction column is included when <paramref name="predictionName"/> is not null.</summary>
    public static DriftDataset ToDataset(double[] flatRows, IReadOnlyList<string> featureNames, string? predictionName)
    {
        int width = featureNames.Count;
        int rowCount = flatRows.Length / (width + 1);
        int columns = predictionName is null ? width : width + 1;
        var values = new double[rowCount];
        var result = new FeatureColumn[columns];
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rowCount; r++)
            {
                values[r] = flatRows[(r * (width + 1)) + c];
            }

            result[c] = FeatureColumn.Numeric(c < width ? featureNames[c] : predictionName!, values);
        }

        return new DriftDataset(result);
    }

    /// <summary>Mean and sample variance of the losses in the window.</summary>
    public (double Mean, double Variance) LossMoments()
    {
        if (lossCount == 0)
        {
            return (double.NaN, double.NaN);
        }

        MeanVarianceResult moments = SpanStatistics.MeanVariance(losses.AsSpan(0, lossCount));
        return (moments.Mean, moments.SampleVariance);
    }
}
