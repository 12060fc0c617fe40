using System.Security.Cryptography;

namespace MlSystems.Samples.FraudLoop;

/// <summary>Where labelled transactions land once their outcome is known: what retraining reads.</summary>
internal sealed class TransactionWarehouse
{
    private readonly List<(DateTimeOffset LabelledAt, Transaction Transaction)> rows = [];

    /// <summary>Files a transaction whose outcome became known at <paramref name="labelledAt"/>.</summary>
    public void Add(DateTimeOffset labelledAt, Transaction transaction) => rows.Add((labelledAt, transaction));

    /// <summary>The transactions labelled at or after <paramref name="since"/>, in the order filed.</summary>
    public IReadOnlyList<Transaction> LabelledSince(DateTimeOffset since) => [.. rows.Where(r => r.LabelledAt >= since).Select(r => r.Transaction)];

    /// <summary>A SHA-256 over the training rows, recorded in the version's lineage.</summary>
    public static string Fingerprint(IReadOnlyList<Transaction> data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> row = stackalloc byte[21];
        foreach (Transaction t in data)
        {
            BitConverter.TryWriteBytes(row, t.Amount);
            BitConverter.TryWriteBytes(row[4..], t.Hour);
            BitConverter.TryWriteBytes(row[8..], t.DistanceKm);
            BitConverter.TryWriteBytes(row[12..], t.MerchantRisk);
            BitConverter.TryWriteBytes(row[16..], t.CardPresent);
            row[20] = t.Label ? (byte)1 : (byte)0;
            hash.AppendData(row);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
