using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Gateway.Dashboard;

/// <summary>
/// Seals the data-protection keys (which sign and encrypt session cookies) before they are written to
/// disk: AES-256-GCM under a key derived (HKDF-SHA256) from a configured secret, so a copy of the key
/// directory alone does not let anyone mint a session. Every gateway sharing the directory must
/// derive the same key, hence the same secret (by default <c>SILO_ADMIN_KEY</c>, which they already share).
/// </summary>
public sealed class SessionKeyProtection(string secret)
{
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32,
        salt: Encoding.UTF8.GetBytes("silo"), info: Encoding.UTF8.GetBytes("silo session keys at rest v1"));

    internal static readonly XName Element = "sealedBySilo";

    /// <summary>A short, non-secret fingerprint of the derived key, so a wrong secret is named as such.</summary>
    private string KeyId => Convert.ToHexStringLower(SHA256.HashData(_key))[..16];

    internal XElement Seal(XElement plaintext)
    {
        var bytes = Encoding.UTF8.GetBytes(plaintext.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var sealedBytes = new byte[bytes.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(_key, tag.Length)) aes.Encrypt(nonce, bytes, sealedBytes, tag);
        return new XElement(Element, new XAttribute("keyId", KeyId), new XAttribute("nonce", Convert.ToBase64String(nonce)),
            new XAttribute("tag", Convert.ToBase64String(tag)), Convert.ToBase64String(sealedBytes));
    }

    internal XElement Open(XElement sealedElement)
    {
        if ((string?)sealedElement.Attribute("keyId") != KeyId)
            throw new CryptographicException("A session key was sealed with another secret (Silo:Dashboard:SessionKeysSecret, or SILO_ADMIN_KEY when that is unset).");
        var nonce = Convert.FromBase64String((string)sealedElement.Attribute("nonce")!);
        var tag = Convert.FromBase64String((string)sealedElement.Attribute("tag")!);
        var sealedBytes = Convert.FromBase64String(sealedElement.Value);
        var bytes = new byte[sealedBytes.Length];
        using (var aes = new AesGcm(_key, tag.Length)) aes.Decrypt(nonce, sealedBytes, tag, bytes);
        return XElement.Parse(Encoding.UTF8.GetString(bytes));
    }
}

/// <summary>Data protection's hook for <see cref="SessionKeyProtection.Seal"/>.</summary>
internal sealed class SessionKeyEncryptor(SessionKeyProtection protection) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(protection.Seal(plaintextElement), typeof(SessionKeyDecryptor));
}

/// <summary>Data protection's hook for <see cref="SessionKeyProtection.Open"/>; created by data protection's activator.</summary>
public sealed class SessionKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => services.GetRequiredService<SessionKeyProtection>().Open(encryptedElement);
}
