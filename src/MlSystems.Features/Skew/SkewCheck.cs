using MlSystems.Drift;

namespace MlSystems.Features;

/// <summary>
/// Training-serving skew checks: the distribution of served features against the training profile (per feature,
/// through MlSystems.Drift), and row by row where a request id joins a served vector to the training row computed for
/// the same request.
/// </summary>
public static class SkewCheck
{
    /// <summary>A drift reference profile of training vectors, one numeric feature per column.</summary>
    /// <exception cref="ArgumentException">No vectors, or a vector of the wrong length.</exception>
    public static ReferenceProfile Profile(IReadOnlyList<VectorColumn> columns, IEnumerable<double[]> trainingVectors, ProfileOptions? options = null) =>
        ReferenceProfile.Fit(Dataset(columns, trainingVectors, nameof(trainingVectors)), options);

    /// <summary>The drift report of served vectors against the training profile: one verdict per feature.</summary>
    /// <exception cref="ArgumentException">No vectors, a vector of the wrong length, or columns the profile does not know.</exception>
    public static DriftReport Distribution(ReferenceProfile training, IReadOnlyList<VectorColumn> columns, IEnumerable<ServedVector> served, DriftReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(served);
        return DriftReport.Compute(training, Dataset(columns, served.Select(s => s.Vector), nameof(served)), options);
    }

    /// <summary>Compares served vectors with the training rows of the same requests, column by column.</summary>
    /// <param name="columns">The vector's columns.</param>
    /// <param name="training">Training vectors by request id.</param>
    /// <param name="served">Served vectors.</param>
    /// <returns>One result per column, plus the served requests with no training row (<c>Unmatched</c>).</returns>
    /// <exception cref="ArgumentException">A vector of the wrong length.</exception>
    public static (IReadOnlyList<RowSkew> Columns, long Unmatched) RowLevel(IReadOnlyList<VectorColumn> columns, IReadOnlyDictionary<string, double[]> training, IEnumerable<ServedVector> served)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(served);
        long[] mismatches = new long[columns.Count];
        double[] maxDifference = new double[columns.Count];
        long compared = 0, unmatched = 0;
        foreach (ServedVector s in served)
        {
            Check(s.Vector, columns.Count, nameof(served));
            if (!training.TryGetValue(s.RequestId, out double[]? t))
            {
                unmatched++;
                continue;
            }

            Check(t, columns.Count, nameof(training));
            compared++;
            for (int c = 0; c < columns.Count; c++)
            {
                if (BitConverter.DoubleToInt64Bits(s.Vector[c]) != BitConverter.DoubleToInt64Bits(t[c]))
                {
                    mismatches[c]++;
                    maxDifference[c] = Math.Max(maxDifference[c], Math.Abs(s.Vector[c] - t[c]));
                }
            }
        }

        return ([.. columns.Select((c, i) => new RowSkew(c.Name, compared, mismatches[i], maxDifference[i]))], unmatched);
    }

    private static DriftDataset Dataset(IReadOnlyList<VectorColumn> columns, IEnumerable<double[]> vectors, string parameter)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(vectors);
        double[][] rows = [.. vectors];
        if (rows.Length == 0)
        {
            throw new ArgumentException("No vectors to check.", parameter);
        }

        foreach (double[] row in rows)
        {
            Check(row, columns.Count, parameter);
        }

        return new DriftDataset(columns.Select(c => MlSystems.Drift.FeatureColumn.Numeric(c.Name, [.. rows.Select(r => r[c.Index])])));
    }

    private static void Check(double[] vector, int width, string parameter)
    {
        if (vector is null || vector.Length != width)
        {
            throw new ArgumentException($"A vector has {vector?.Length ?? 0} values; the feature set writes {width}.", parameter);
        }
    }
}
