# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask scheduler detector (preview, api-version 2026-07-01-preview): the service's diagnostic detectors
for a scheduler, and what they found. Read-only."""

from azext_durabletask._errors import service_errors

_NO_DETECTOR = {
    404: "List the scheduler's detectors: az durabletask scheduler detector list -g <group> -s <scheduler> -o table",
}

# DetectorStatusId, as words (the service sends the number).
STATUS_NAMES = {0: 'Critical', 1: 'Warning', 2: 'Info', 3: 'Success', 4: 'None'}
# DetectorRenderingType 7: a dataset of insights (one finding per row).
INSIGHT_RENDERING = 7


def list_detectors(client, resource_group_name, scheduler_name):
    with service_errors():
        return list(client.list_by_scheduler(resource_group_name, scheduler_name))


def show_detector(client, resource_group_name, scheduler_name, detector_name):
    with service_errors(_NO_DETECTOR):
        return client.get(resource_group_name, scheduler_name, detector_name)
