"""armstandin: a local stand-in for Azure Resource Manager (Microsoft.DurableTask and the few ARM, Entra ID
and Microsoft Graph calls az needs), over HTTPS on 127.0.0.1. Not part of the extension: see README.md."""
