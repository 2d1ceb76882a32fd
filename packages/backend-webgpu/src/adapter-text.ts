/// <reference types="@webgpu/types" />

/**
 * The device's adapter vendor, architecture, device and description in one lower-case string, for
 * choices that depend on the implementation; '' where it reports none (GPUDevice.adapterInfo is
 * recent, and older implementations lack it).
 */
export function adapterText(device: GPUDevice): string {
  const info = device.adapterInfo as GPUAdapterInfo | undefined;
  if (info === undefined) return '';
  return [info.vendor, info.architecture, info.device, info.description].join(' ').toLowerCase();
}
