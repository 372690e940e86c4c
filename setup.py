#!/usr/bin/env python
# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The `durabletask` Azure CLI extension."""

from setuptools import setup, find_packages

VERSION = '1.0.0b2'

CLASSIFIERS = [
    'Development Status :: 4 - Beta',
    'Intended Audience :: Developers',
    'Intended Audience :: System Administrators',
    'Programming Language :: Python',
    'Programming Language :: Python :: 3',
    'Programming Language :: Python :: 3.10',
    'Programming Language :: Python :: 3.11',
    'Programming Language :: Python :: 3.12',
]

DEPENDENCIES = [
    # The generated ARM client for Microsoft.DurableTask 2026-02-01 (1.1.0 is the first release
    # that targets it); below 2.0 so a breaking major is never pulled in.
    'azure-mgmt-durabletask>=1.2.0b1,<2.0.0',
    # Not durabletask-azuremanaged, which `az durabletask orchestration` uses: its core package is named
    # `durabletask` like this extension, so pip cannot install both. azext_durabletask/_sdk.py installs it
    # into the extension's folder on first use.
]

with open('README.md', 'r', encoding='utf-8') as f:
    README = f.read()
with open('HISTORY.rst', 'r', encoding='utf-8') as f:
    HISTORY = f.read()

setup(
    name='durabletask',
    version=VERSION,
    description='Manage Azure Durable Task Scheduler: schedulers, task hubs, retention, network and access.',
    long_description=README + '\n\n' + HISTORY,
    long_description_content_type='text/markdown',
    license='MIT',
    author='Durable Task Scheduler CLI team',
    url='https://github.com/Azure/azure-cli-extensions/tree/main/src/durabletask',
    classifiers=CLASSIFIERS,
    packages=find_packages(include=['azext_durabletask', 'azext_durabletask.*']),
    install_requires=DEPENDENCIES,
    package_data={'azext_durabletask': ['azext_metadata.json']},
)
