# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Test-wide environment, set before azure.cli.core is imported anywhere.

- The extension is loaded from the working tree (`make setup` links it under .local/extensions).
- Every run gets its own AZURE_CONFIG_DIR: tests never read or write ~/.azure. When recording
  (`scripts/record`), the caller's config dir (logged in to the stand-in) is kept.
"""

import os
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

os.environ.setdefault('AZURE_EXTENSION_DIR', os.path.join(ROOT, '.local', 'extensions'))
os.environ['AZURE_CORE_COLLECT_TELEMETRY'] = 'no'
if os.environ.get('DTS_RECORD') != '1':
    os.environ['AZURE_CONFIG_DIR'] = tempfile.mkdtemp(prefix='dts-test-azure-')
