using System.Text.Json;

namespace MlSystems.Drift;

/// <summary>Writes <see cref="DriftReport.ToJson"/>: the one envelope and number rule of <see cref="JsonForm"/>.</summary>
internal static class DriftReportJson
{
    public const string Type = "drift-report";
    public const int Version = 1;

    public static string Write(DriftReport report) => JsonForm.Write(
        w =>
        {
            w.WriteStartObject();
            JsonForm.WriteHeader(w, Type, Version);
            w.WriteBoolean("datasetDrifted", report.DatasetDrifted);
            w.WriteNumber("driftedFeatures", report.DriftedFeatureCount);
            w.WriteNumber("features", report.Features.Count);
            w.WriteNumber("missingShareRose", report.MissingShareRoseCount);
            JsonForm.WriteNumber(w, "driftedShare", report.DriftedShare);
            JsonForm.WriteNumber(w, "datasetDriftShare", report.DatasetDriftShare);
            w.WriteString("correction", report.Correction.ToString());
            w.WriteNumber("currentRows", report.CurrentRowCount);
            w.WriteStartArray("results");
            foreach (FeatureDriftResult f in report.Features)
            {
                WriteFeature(w, f);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        },
        indented: true);

    private static void WriteFeature(Utf8JsonWriter w, FeatureDriftResult f)
    {
        w.WriteStartObject();
        w.WriteString("feature", f.Name);
        w.WriteString("kind", f.Kind == FeatureKind.Numeric ? "numeric" : "categorical");
        w.WriteString("test", f.Result.TestName);
        JsonForm.WriteNumber(w, "statistic", f.Result.Statistic);
        JsonForm.WriteNumber(w, "pValue", f.Result.PValue);
        JsonForm.WriteNumber(w, "adjustedPValue", f.AdjustedPValue);
        JsonForm.WriteNumber(w, "effectSize", f.Result.EffectSize);
        JsonForm.WriteNumber(w, "threshold", f.Result.Threshold);
        w.WriteBoolean("drifted", f.Drifted);
        w.WriteBoolean("approximate", f.Approximate);
        w.WriteNumber("referenceCount", f.Result.ReferenceCount);
        w.WriteNumber("currentCount", f.Result.CurrentCount);
        JsonForm.WriteNumber(w, "referenceMissingShare", f.ReferenceMissingShare);
        JsonForm.WriteNumber(w, "currentMissingShare", f.CurrentMissingShare);
        JsonForm.WriteNumber(w, "missingSharePValue", f.MissingShareTest?.PValue);
        w.WriteBoolean("missingShareRose", f.MissingShareRose);
        if (f.Result.Details.Count > 0)
        {
            w.WriteStartObject("details");
            foreach ((string key, double value) in f.Result.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                JsonForm.WriteNumber(w, key, value);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
