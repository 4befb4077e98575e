namespace Silo.Media.BlobStores;

/// <summary>One object a store holds, as its listing names it: the key and the size in bytes.</summary>
public sealed record StoredObject(string Key, long Size);
