using System.Collections.Specialized;
using System.Text.Json;
using Quartz;
using Quartz.Spi;

namespace Silo.Benchmarks.Quartz;

/// <summary>
/// Quartz's job store needs a serializer for job data maps. Its System.Text.Json and Newtonsoft
/// serializers ship as separate packages our registry lacks, and its binary serializer relies on
/// BinaryFormatter, gone from .NET 10; the benchmark's maps hold strings only, so this writes them
/// as a JSON object of strings.
/// </summary>
internal sealed class JobDataSerializer : IObjectSerializer
{
    public void Initialize() { }

    public byte[] Serialize<T>(T obj) where T : class =>
        JsonSerializer.SerializeToUtf8Bytes(obj switch
        {
            JobDataMap map => map.ToDictionary(e => e.Key, e => e.Value?.ToString()),
            NameValueCollection values => values.AllKeys.OfType<string>().ToDictionary(k => k, k => values[k]),
            _ => throw new NotSupportedException($"The benchmark's job store serializes job data maps only, not {typeof(T).Name}."),
        });

    public T? DeSerialize<T>(byte[] data) where T : class
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(data) ?? [];
        if (typeof(T) == typeof(JobDataMap)) return (T)(object)new JobDataMap((IDictionary<string, object>)values.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => (object)e.Value!));
        if (typeof(T) == typeof(NameValueCollection))
        {
            var collection = new NameValueCollection();
            foreach (var (key, value) in values) collection[key] = value;
            return (T)(object)collection;
        }
        throw new NotSupportedException($"The benchmark's job store deserializes job data maps only, not {typeof(T).Name}.");
    }
}
