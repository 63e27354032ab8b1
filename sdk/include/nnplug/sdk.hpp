#pragma once
// Everything a plugin author needs.
#include <nnplug/sdk/callback.hpp>
#include <nnplug/sdk/fingerprint.hpp>
#include <nnplug/sdk/initializer.hpp>
#include <nnplug/sdk/optimizer.hpp>
#include <nnplug/sdk/params.hpp>
#include <nnplug/sdk/plugin.hpp>
#include <nnplug/sdk/regularizer.hpp>
#include <nnplug/sdk/schedule.hpp>
#include <nnplug/sdk/tensor.hpp>
