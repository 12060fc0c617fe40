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
    private readonly double[] rows;
    private readonly double[] losses;
    private int rowCount;
    private int nextRow;
    private int lossCount;
    private int nextLoss;

    public VersionWindow(int width, int rowCapacity, int lossCapacity)
    {
        this.width = width;
        rows = new double[(width + 1) * rowCapacity];
        losses = new double[lossCapacity];
    }

    public int RowCount => rowCount;

    public int LossCount => lossCount;

    public void AddRow(ReadOnlySpan<double> features, double prediction)
    {
        Span<double> row = rows.AsSpan(nextRow * (width + 1), width + 1);
        features.CopyTo(row);
        row[width] = prediction;
        int capacity = rows.Length / (width + 1);
        nextRow = nextRow + 1 == capacity ? 0 : nextRow + 1;
        rowCount = Math.Min(rowCount + 1, capacity);
    }

    public void AddLoss(double loss)
    {
        losses[nextLoss] = loss;
        nextLoss = nextLoss + 1 == losses.Length ? 0 : nextLoss + 1;
        lossCount = Math.Min(lossCount + 1, losses.Length);
    }

    /// <summary>The rows as drift columns; the prediction column is included when <paramref name="predictionName"/> is not null.</summary>
    public DriftDataset ToDataset(IReadOnlyList<string> featureNames, string? predictionName)
    {
        int columns = predictionName is null ? width : width + 1;
        var values = new double[rowCount];
        var result = new FeatureColumn[columns];
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rowCount; r++)
            {
                values[r] = rows[(r * (width + 1)) + c];
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
