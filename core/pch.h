// Precompiled header of ldm_core: LibTorch is the bulk of every translation unit's compile time.
#pragma once
#include <torch/torch.h>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>
